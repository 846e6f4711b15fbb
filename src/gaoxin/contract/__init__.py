"""The data contract: enterprise data in, evaluations out (shared/design/data-contract.md), as plain data.

No Django here: the importer, the engine, the CLI and the docs generator all read the same field list.
"""
