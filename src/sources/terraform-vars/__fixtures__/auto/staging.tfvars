node_count = 99
