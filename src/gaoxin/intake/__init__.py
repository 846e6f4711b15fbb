"""Reading and validating enterprise data files (xlsx, csv, parquet) against the data contract. No Django."""
