import django.db.models.deletion
import swapper
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        swapper.dependency("wagtailcore", "Page"),
    ]

    operations = [
        migrations.CreateModel(
            name="DiscussionVersion",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to=swapper.get_model_name("wagtailcore", "Page"),
                    ),
                ),
                ("version", models.CharField(max_length=32)),
            ],
            options={"verbose_name": "discussion version"},
        ),
    ]
