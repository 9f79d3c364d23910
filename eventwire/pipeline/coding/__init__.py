"""Event coding: who did what to whom, from the CAMEO verb dictionary and the enrichment."""
