"""Evaluation, beside the app and never imported at run time: the question sets and their
records, metrics, the harness and its gate, calibration, and the benchmarks."""
