"""The programme's pages, under /programma/."""

app_name = "programme"

urlpatterns: list = []
