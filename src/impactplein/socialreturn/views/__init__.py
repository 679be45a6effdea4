"""The web layer of the social-return monitor, one module per area (see ``urls.py``)."""
