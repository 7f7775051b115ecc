"""DfE's validation rules for the SSDA903 return (children looked after), one module per
table the rule flags first. DfE's table names are shown as Smeaton stores them:
Header -> header, PlacedAdoption -> placed_adoption, SWEpisodes -> social_worker, ..."""

# Where the other tool's result depends on the rules it ran before: its rules change the
# tables they share (each gets a shallow copy), so, run whole, it flags otherwise than
# the same rule run alone, which agrees with Smeaton.
SHARED_TABLES_NOTE = ("The other tool, run whole, flags otherwise: a rule it runs before this "
                      "one changes the tables they share; run alone, its result is Smeaton's.")
