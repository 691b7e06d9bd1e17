# phonenumbers as IAM Desk uses it (app/domain/contacts.py): parse, validate and format a mobile
# number. Those load one region's metadata at a time by name (phonenumbers.data.region_XX, and
# phonenumbers.shortdata for short numbers), so both packages are named whole. The contrib hook
# names every submodule instead, the geocoder's, carriers' and time zones' data among them: 19 MB
# of Python that nothing here imports, whose scan was 24 of the freeze's 72 s.
from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("phonenumbers.data") + collect_submodules(
    "phonenumbers.shortdata"
)
