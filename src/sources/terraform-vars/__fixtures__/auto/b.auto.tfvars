node_count = 4
