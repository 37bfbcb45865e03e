package jobs;

import java.util.Optional;

public class App {
  // System.getenv("COMMENTED_OUT")
  static final String QUEUE = System.getenv("JOBS_QUEUE");
  static final String MODE = Optional.ofNullable(System.getenv("JOBS_MODE")).orElse("batch");
  static final String THREADS = System.getenv().getOrDefault("JOBS_THREADS", "4");
  static final String REGION = System.getenv().get("AWS_REGION");
}
