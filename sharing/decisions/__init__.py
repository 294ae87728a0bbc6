"""Sharing decisions and disclosures: their own permission path
(``permissions``). The models, services, views and forms still live beside the
rest of ``sharing``; they all ask here who may see or do what."""
