module com.example.consumer {
  requires io.github.gather4j;
}
