# The Attachment model moves to the attachments app (its migration 0001 takes it over in Django's
# state first). Nothing changes in the database: the table tasks_attachment stays, with its rows.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('tasks', '0003_task_spans'),
        ('attachments', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Attachment')],
            database_operations=[],
        ),
    ]
