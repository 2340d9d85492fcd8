"""Text stages: cleaning (``clean``) and segmentation into sentences and tokens (``segment``)."""
