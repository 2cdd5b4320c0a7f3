from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("core", "DataVersion").objects.using(schema_editor.connection.alias).create(
        pk=1, number=0
    )


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.BigIntegerField(default=0, verbose_name="số lần thay đổi")),
            ],
            options={
                "verbose_name": "phiên bản dữ liệu",
                "verbose_name_plural": "phiên bản dữ liệu",
            },
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
