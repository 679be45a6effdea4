
import django.db.models.deletion
import impactplein.organisations.validators
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0002_reference_data'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalOrganisation',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(db_index=True, max_length=200, verbose_name='naam')),
                ('kind', models.CharField(choices=[('company', 'bedrijf'), ('social_enterprise', 'sociale onderneming'), ('social_organisation', 'maatschappelijke organisatie'), ('education', 'onderwijsinstelling'), ('government', 'overheid'), ('programme_partner', 'programmapartner')], max_length=30, verbose_name='soort organisatie')),
                ('legal_form', models.CharField(choices=[('eenmanszaak', 'eenmanszaak'), ('vof', 'vennootschap onder firma (vof)'), ('bv', 'besloten vennootschap (bv)'), ('nv', 'naamloze vennootschap (nv)'), ('stichting', 'stichting'), ('vereniging', 'vereniging'), ('cooperatie', 'coöperatie'), ('maatschap', 'maatschap'), ('cv', 'commanditaire vennootschap (cv)'), ('overheid', 'overheid (publiekrechtelijke rechtspersoon)'), ('other', 'anders of geen rechtsvorm')], max_length=20, verbose_name='rechtsvorm')),
                ('kvk_number', models.CharField(blank=True, help_text='8 cijfers, zoals op het uittreksel van de Kamer van Koophandel.', max_length=8, null=True, validators=[impactplein.organisations.validators.validate_kvk_number], verbose_name='KvK-nummer')),
                ('establishment_number', models.CharField(blank=True, help_text='12 cijfers, het nummer van deze vestiging in het Handelsregister.', max_length=12, null=True, validators=[impactplein.organisations.validators.validate_establishment_number], verbose_name='vestigingsnummer')),
                ('street', models.CharField(blank=True, max_length=200, verbose_name='straat')),
                ('house_number', models.PositiveIntegerField(blank=True, null=True, verbose_name='huisnummer')),
                ('house_number_addition', models.CharField(blank=True, max_length=10, verbose_name='toevoeging')),
                ('postcode', models.CharField(blank=True, max_length=7, validators=[impactplein.organisations.validators.validate_postcode], verbose_name='postcode')),
                ('city', models.CharField(blank=True, max_length=100, verbose_name='plaats')),
                ('sbi_code', models.CharField(blank=True, help_text='De hoofdactiviteit volgens de KvK, bijvoorbeeld 62010.', max_length=5, verbose_name='SBI-code')),
                ('sbi_version', models.CharField(blank=True, choices=[('2008', 'SBI 2008'), ('2025', 'SBI 2025')], max_length=4, verbose_name='SBI-versie')),
                ('website', models.URLField(blank=True, verbose_name='website')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mailadres')),
                ('phone', models.CharField(blank=True, max_length=20, validators=[impactplein.organisations.validators.validate_phone], verbose_name='telefoonnummer')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='aangemaakt op')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='gewijzigd op')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='versie')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('area', models.ForeignKey(blank=True, db_constraint=False, help_text='Wijk, binnenstad of bedrijventerrein, als dat van toepassing is.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.area', verbose_name='gebied')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('municipality', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.municipality', verbose_name='gemeente')),
            ],
            options={
                'verbose_name': 'historie van organisatie',
                'verbose_name_plural': 'historie van organisaties',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Organisation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(db_index=True, max_length=200, verbose_name='naam')),
                ('kind', models.CharField(choices=[('company', 'bedrijf'), ('social_enterprise', 'sociale onderneming'), ('social_organisation', 'maatschappelijke organisatie'), ('education', 'onderwijsinstelling'), ('government', 'overheid'), ('programme_partner', 'programmapartner')], max_length=30, verbose_name='soort organisatie')),
                ('legal_form', models.CharField(choices=[('eenmanszaak', 'eenmanszaak'), ('vof', 'vennootschap onder firma (vof)'), ('bv', 'besloten vennootschap (bv)'), ('nv', 'naamloze vennootschap (nv)'), ('stichting', 'stichting'), ('vereniging', 'vereniging'), ('cooperatie', 'coöperatie'), ('maatschap', 'maatschap'), ('cv', 'commanditaire vennootschap (cv)'), ('overheid', 'overheid (publiekrechtelijke rechtspersoon)'), ('other', 'anders of geen rechtsvorm')], max_length=20, verbose_name='rechtsvorm')),
                ('kvk_number', models.CharField(blank=True, help_text='8 cijfers, zoals op het uittreksel van de Kamer van Koophandel.', max_length=8, null=True, validators=[impactplein.organisations.validators.validate_kvk_number], verbose_name='KvK-nummer')),
                ('establishment_number', models.CharField(blank=True, help_text='12 cijfers, het nummer van deze vestiging in het Handelsregister.', max_length=12, null=True, validators=[impactplein.organisations.validators.validate_establishment_number], verbose_name='vestigingsnummer')),
                ('street', models.CharField(blank=True, max_length=200, verbose_name='straat')),
                ('house_number', models.PositiveIntegerField(blank=True, null=True, verbose_name='huisnummer')),
                ('house_number_addition', models.CharField(blank=True, max_length=10, verbose_name='toevoeging')),
                ('postcode', models.CharField(blank=True, max_length=7, validators=[impactplein.organisations.validators.validate_postcode], verbose_name='postcode')),
                ('city', models.CharField(blank=True, max_length=100, verbose_name='plaats')),
                ('sbi_code', models.CharField(blank=True, help_text='De hoofdactiviteit volgens de KvK, bijvoorbeeld 62010.', max_length=5, verbose_name='SBI-code')),
                ('sbi_version', models.CharField(blank=True, choices=[('2008', 'SBI 2008'), ('2025', 'SBI 2025')], max_length=4, verbose_name='SBI-versie')),
                ('website', models.URLField(blank=True, verbose_name='website')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mailadres')),
                ('phone', models.CharField(blank=True, max_length=20, validators=[impactplein.organisations.validators.validate_phone], verbose_name='telefoonnummer')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='aangemaakt op')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='gewijzigd op')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='versie')),
                ('area', models.ForeignKey(blank=True, help_text='Wijk, binnenstad of bedrijventerrein, als dat van toepassing is.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='organisations', to='core.area', verbose_name='gebied')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='organisations', to='core.municipality', verbose_name='gemeente')),
            ],
            options={
                'verbose_name': 'organisatie',
                'verbose_name_plural': 'organisaties',
                'ordering': ['name', 'pk'],
                'permissions': [('manage_memberships', 'Mag de leden van een organisatie beheren')],
            },
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('owner', 'eigenaar'), ('editor', 'redacteur')], max_length=10, verbose_name='rol')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='lid sinds')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='organisation_memberships', to=settings.AUTH_USER_MODEL, verbose_name='gebruiker')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='organisations.organisation', verbose_name='organisatie')),
            ],
            options={
                'verbose_name': 'lidmaatschap',
                'verbose_name_plural': 'lidmaatschappen',
                'ordering': ['organisation__name', 'role', 'user__email'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalMembership',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('role', models.CharField(choices=[('owner', 'eigenaar'), ('editor', 'redacteur')], max_length=10, verbose_name='rol')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='lid sinds')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='gebruiker')),
                ('organisation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.organisation', verbose_name='organisatie')),
            ],
            options={
                'verbose_name': 'historie van lidmaatschap',
                'verbose_name_plural': 'historie van lidmaatschappen',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.UniqueConstraint(condition=models.Q(('kvk_number__isnull', False)), fields=('kvk_number',), name='organisation_unique_kvk_number', violation_error_message='Er is al een organisatie met dit KvK-nummer.'),
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.UniqueConstraint(condition=models.Q(('establishment_number__isnull', False)), fields=('establishment_number',), name='organisation_unique_establishment_number', violation_error_message='Er is al een organisatie met dit vestigingsnummer.'),
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kvk_number', ''), _negated=True), models.Q(('establishment_number', ''), _negated=True)), name='organisation_blank_identifiers_are_null'),
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('sbi_code', ''), ('sbi_version', '')), models.Q(models.Q(('sbi_code', ''), _negated=True), models.Q(('sbi_version', ''), _negated=True)), _connector='OR'), name='organisation_sbi_code_has_version'),
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.CheckConstraint(condition=models.Q(('version__gte', 1)), name='organisation_version_positive'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.UniqueConstraint(fields=('user', 'organisation'), name='membership_unique_user_organisation', violation_error_message='Deze gebruiker is al lid van deze organisatie.'),
        ),
    ]
