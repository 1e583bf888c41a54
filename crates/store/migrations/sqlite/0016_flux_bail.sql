-- The fluxes a lease holds, found by the lease: a lot's end (the fence, the release) looked
-- them up through `flux_a_traiter`, reading every flux waiting, thousands when deposits run
-- ahead of the workers, for each lot.
CREATE INDEX flux_bail ON flux (bail) WHERE bail IS NOT NULL;
