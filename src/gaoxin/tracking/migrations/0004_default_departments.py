from django.db import migrations

DEFAULTS = ["区科技局", "区经发局", "区人社局", "区自然资源分局", "区行政审批局", "区金融办", "创业服务中心"]


def add(apps, schema_editor):
    department = apps.get_model("tracking", "Department")
    for name in DEFAULTS:
        department.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("tracking", "0003_visits_and_needs")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
