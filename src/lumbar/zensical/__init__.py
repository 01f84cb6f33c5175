"""The Zensical adapter: builds and previews Lumbar's bundle with Zensical (no plugin API)."""
