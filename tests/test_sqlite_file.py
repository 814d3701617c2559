"""The embedded SQLite database as several processes and threads share it."""

from sqlalchemy import create_engine, text


def test_a_sqlite_file_takes_a_write_while_a_page_is_still_reading_it(tmp_path):
    import marketplace.extensions  # noqa: F401  (configures every SQLite connection)

    engine = create_engine(f"sqlite:///{tmp_path / 'pasar.db'}", connect_args={"timeout": 0.2})
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE listings (title TEXT)"))
        connection.execute(text("INSERT INTO listings VALUES ('Songket'), ('Jumputan')"))
    with engine.connect() as page, engine.connect() as artisan:
        assert page.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        reading = page.execute(text("SELECT title FROM listings"))
        assert reading.fetchone() is not None  # the page is in the middle of its rows
        artisan.execute(text("INSERT INTO listings VALUES ('Tulis pedada')"))
        artisan.commit()  # with the default journal: "database is locked"
        assert reading.fetchall() == [("Jumputan",)]  # the page still sees what it began reading
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM listings")).scalar() == 3
    engine.dispose()
