"""What every Django app shares and none owns: file downloads, the stored-explanation base models, the cached
snapshot of computed numbers. Below the registry and the domain apps, above the plain libraries (contract,
intake, engine); it imports no app of ours but `accounts` (see docs/architecture.md, "Layers")."""
