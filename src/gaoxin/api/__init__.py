"""The REST API, version 1 (django-ninja): a thin edge over the same selectors and services as the pages."""
