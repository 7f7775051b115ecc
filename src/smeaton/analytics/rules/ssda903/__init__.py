"""DfE's validation rules for the SSDA903 return (children looked after), one module per
table the rule flags first. DfE's table names are shown as Smeaton stores them:
Header -> header, PlacedAdoption -> placed_adoption, SWEpisodes -> social_worker, ..."""
