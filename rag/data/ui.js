() => {
  // "[n]" in an answer links to source card n: scroll to it here instead of opening a tab.
  document.addEventListener("click", (event) => {
    const link = event.target.closest('a[href^="#source-"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const card = document.getElementById(link.getAttribute("href").slice(1));
    if (card) card.scrollIntoView({ behavior: "smooth", block: "center" });
  }, true);
  // Gradio 6 marks the chat's example chips role="list" but they are buttons, not list
  // items (axe-core: aria-required-children, critical): name them a group instead, each
  // time the empty chat draws them.
  const label = () => {
    document.querySelectorAll('#chat .examples[role="list"]').forEach((chips) => {
      chips.setAttribute("role", "group");
      chips.setAttribute("aria-label", "Example questions");
    });
  };
  new MutationObserver(label).observe(document.body, { childList: true, subtree: true });
  label();
}
