"""The per-site learning layer: every head re-fitted on the site's own labels, stacked on the global model.

`model` serves it (numpy only), `votes` turns the label stream into one label per comment, `fit` learns and
guards a new version (scipy, in the background), `store` keeps versions in Redis as data, `refit` is the
background worker, `serving` the per-worker copy in memory, `stats` its figures for the admins.
"""
