from pathlib import Path

import campaign_templates

# The project-level templates/ folder, installed as the package `campaign_templates`. A site that adds the
# suite puts this in its TEMPLATES "DIRS" (see the README).
TEMPLATES_DIR = Path(next(iter(campaign_templates.__path__)))
