"""selectors of the social-return monitor, one module per area."""
