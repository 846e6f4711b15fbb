"""The synthetic demo zone that every demo, test and benchmark uses."""
