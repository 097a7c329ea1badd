"""ui/controllers"""
