"""The public showcase of impact entrepreneurs (objective O1): profiles, impact scan,
certifications, stories, search and map."""
