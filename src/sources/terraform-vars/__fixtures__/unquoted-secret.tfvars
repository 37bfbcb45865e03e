api_key = hunter2hunter2
