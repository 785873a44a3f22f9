"""handouts"""
