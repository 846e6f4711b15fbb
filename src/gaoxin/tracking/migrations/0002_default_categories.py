from django.db import migrations

DEFAULTS = [("科技类", True, 1), ("产业类", False, 2), ("基础设施类", False, 3), ("社会民生类", False, 4)]


def add(apps, schema_editor):
    category = apps.get_model("tracking", "ProjectCategory")
    for name, science, order in DEFAULTS:
        category.objects.get_or_create(name=name, defaults={"science": science, "order": order})


class Migration(migrations.Migration):
    dependencies = [("tracking", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
