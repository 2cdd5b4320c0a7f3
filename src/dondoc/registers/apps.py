from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "dondoc.registers"
    verbose_name = "Sổ theo dõi nhiệm vụ"
