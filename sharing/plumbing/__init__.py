"""Plumbing every app's pages and services share; none of it knows a case,
request or retention record.

- ``view_helpers``: the signed-in user, ids from query strings, a service's
  refusal shown on the form (``shows_refusal``), the read log of each page
  (``log_reads``, writing through the ``access_record`` service) and searches
  kept out of URLs (``kept_search``).
- ``pagination``: long lists paged without a separate count.
- ``bulk``: many rows written at once as tuples (COPY on PostgreSQL), for the
  read log, the retention sweep and the benchmark's seed."""
