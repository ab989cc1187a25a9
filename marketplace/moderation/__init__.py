"""Staff moderation of the expo: the review queues for products, booth profiles and exhibition applications."""
