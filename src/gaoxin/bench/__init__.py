"""The benchmarks behind `gaoxin bench engine` and `gaoxin bench screen`: they build a synthetic zone with the demo
generator and time the engine on it, so they sit above both (the engine itself never imports the demo). The
figures they print go to docs/performance.md; the web benchmark is `web/bench.py`."""
