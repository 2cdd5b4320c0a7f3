# The Attachment model, moved here from the tasks app (tasks 0004 drops it from tasks' state
# afterwards). The table tasks_attachment made by tasks 0001 is kept with its rows: this migration
# changes Django's state only, and renames the model's content type so that any permission
# granted on it follows.

import django.db.models.deletion
import dondoc.attachments.models
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, source='tasks', target='attachments'):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    types = ContentType.objects.using(schema_editor.connection.alias)
    if not types.filter(app_label=target, model='attachment').exists():
        types.filter(app_label=source, model='attachment').update(app_label=target)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source='attachments', target='tasks')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('documents', '0001_initial'),
        ('tasks', '0003_task_spans'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Attachment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(upload_to=dondoc.attachments.models.attachment_path)),
                        ('token', models.CharField(max_length=40, unique=True)),
                        ('name', models.CharField(max_length=255, verbose_name='tên tệp')),
                        ('size', models.PositiveBigIntegerField()),
                        ('content_type', models.CharField(max_length=120)),
                        ('uploaded_at', models.DateTimeField()),
                        ('document', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='attachments', to='documents.document')),
                        ('event', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='attachments', to='tasks.taskevent')),
                        ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'tệp đính kèm',
                        'verbose_name_plural': 'tệp đính kèm',
                        'db_table': 'tasks_attachment',
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('document__isnull', True), ('event__isnull', False)), models.Q(('document__isnull', False), ('event__isnull', True)), _connector='OR'), name='attachment_belongs_to_one_thing')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
