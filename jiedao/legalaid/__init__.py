"""职工法律援助: a worker's case from consultation to closing, its documents and its limitation clock; confidential like counselling."""
