This is a README that happens to be called like a Dockerfile.
It has no FROM line.
