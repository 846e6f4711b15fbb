"""Gaoxin (高新): the platform a high-tech zone uses to know its enterprises and grow them up the title ladder."""

__version__ = "0.1.0"
