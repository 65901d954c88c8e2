from django.apps import AppConfig


class PeerConfig(AppConfig):
    name = "bench.peer"
    # A label of its own: "peer" alone could be a site's app.
    label = "bench_peer"
    verbose_name = "Benchmark peer"
    default_auto_field = "django.db.models.BigAutoField"
