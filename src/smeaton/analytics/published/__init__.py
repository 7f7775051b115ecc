"""Published statistics: DfE's Explore Education Statistics (EES) files and LAIT.

Reads the official open-data files for every English LA, region and England into
observations of Smeaton's indicators, and holds the pure arithmetic of benchmarking
(rank, quartile, neighbours' average, direction of travel, RAG against a target).
Nothing here imports Django: the web room stores and shows what this room reads.
"""
