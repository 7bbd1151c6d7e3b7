"""Finished experiments: measurements that decided something, kept runnable beside their recorded results.

Not part of the `python -m training` CLI and not imported by it; each module runs with
`python -m training.experiments.<name>` and says in its docstring where its results are recorded.
"""
