from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "dondoc.bench"
    verbose_name = "Benchmark"
