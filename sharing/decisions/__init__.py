"""Sharing decisions and disclosures, on top of cases and requests.

The models stay in sharing.models.decisions (so no migration moves); everything
else is here: ``rules`` (the guide and what a complete record needs: pure),
``permissions`` (the one permission path), ``selectors`` (reads), ``services``
(the only writes), ``forms``, ``views`` and ``urls`` (the pages) and ``pdf``
(the record for the file)."""
