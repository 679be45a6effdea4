"""Progress and annual reports of the programme: page, PDF and Excel; the public monitor."""
