"""PEG scores saved with one decimal, rounded to the whole number LOINC's PEG
total score (91147-9) states (half up, as checkin/domain/instruments.score does)."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations


def round_peg_scores(apps, schema_editor):
    Response = apps.get_model("checkin", "QuestionnaireResponse")
    for response in Response.objects.filter(instrument="peg").only("score"):
        whole = response.score.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        if whole != response.score:
            Response.objects.filter(pk=response.pk).update(score=whole)


class Migration(migrations.Migration):
    dependencies = [("checkin", "0024_crisis_line_regions_with_parts")]

    operations = [migrations.RunPython(round_peg_scores, migrations.RunPython.noop)]
