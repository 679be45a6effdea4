"""Load the shared reference data: municipalities, Dordrecht's areas, themes, SDGs, SBI sections.

The values and their sources live in ``impactplein.core.reference_data``. Loading is idempotent
(``update_or_create`` on natural keys), so a later migration that adds or corrects rows calls
``reference_data.load`` again. Reversing keeps the rows: other records may refer to them.
"""

from django.db import migrations

from impactplein.core import reference_data


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(reference_data.load, migrations.RunPython.noop)]
