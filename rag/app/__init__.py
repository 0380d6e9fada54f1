"""The front ends: the command line (`cli`), the Gradio app (`ui`, `render`, `login`,
`feedback`) and its HTTP API (`api`)."""
