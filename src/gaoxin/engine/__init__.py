"""The qualification engine: official tier criteria as versioned policy packs (YAML), evaluated on Polars.

A plain library: no Django. The web app, the CLI, background jobs and benchmarks all call it.
"""
