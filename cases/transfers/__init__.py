"""Moving a child's file: child protection file transfers between schools and
colleges, handovers between local authorities, and notifications that a person
who poses a risk has moved area (KCSIE; seed 000 §2 and §6).

``models`` (imported by ``cases.models`` so Django finds them), ``services``
(the only writes), ``selectors`` (reads), ``pack`` (the encrypted pack),
``forms`` and ``views``. Who may do what is asked in ``cases/permissions.py``."""
