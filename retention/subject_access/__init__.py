"""Subject access requests (UK GDPR Art 15), handled by the data protection
officer: log a request and check the requester's identity; its due date as
the ICO counts it (``retention.rules.subject_access_due``), extended by up to
two further months with a reason told within the first month; a draft pack of
everything held about the person, third parties and protected identities
redacted and flagged records held back with their exemption; the DPO's review
item by item; the release as a PDF and the documents in an AES-256 ZIP whose
password goes by another route; and the pack's expiry.

``models`` (re-exported by ``retention.models``), ``selectors`` (what is held
about a person, the DPO's lists), ``pdf`` (the pack as a PDF, from the
reviewed items only), ``services`` (every write), ``forms``, ``views``, ``urls``."""
