"""The bot's command menu: Swedish by default, English for English-speaking users."""

from __future__ import annotations

from telegram import Bot, BotCommand

# (command, Swedish description, English description)
MENU = (
    ("knack", "Logga dörrknackning: /knack 40 12 Ektorp", "Log door-knocking: /knack 40 12 Ektorp"),
    ("samtal", "Logga samtal: /samtal 25 torg", "Log conversations: /samtal 25 torg"),
    ("nymedlem", "Registrera en ny medlem", "Register a new member"),
    ("aktivitet", "Logga en aktivitet: /aktivitet medlemsmöte 12", "Log an activity"),
    ("angra", "Ångra det du loggade senast", "Undo your last entry"),
    ("status", "Hur det går mot målen", "Progress against the goals"),
    ("mal", "Mål (styrelsen)", "Goals (board)"),
    ("plan", "Läs in verksamhetsplanen (styrelsen)", "Import the activity plan (board)"),
    ("rapportera", "Rapportera en nivå: /rapportera medlemsantal 1250", "Report a level (board)"),
    ("klar", "Markera en milstolpe som klar (styrelsen)", "Mark a milestone done (board)"),
    ("paborjad", "Markera en milstolpe som påbörjad (styrelsen)", "Mark a milestone under way (board)"),
    ("utvardering", "Årets utvärdering som kalkylblad (styrelsen)", "The year's evaluation as a spreadsheet (board)"),
    ("ringlista", "Mina öppna välkomstsamtal", "My open welcome calls"),
    ("rapport", "Veckorapporten nu (styrelsen)", "The weekly report now (board)"),
    ("rapportchatt", "Veckorapporten hit: i gruppen eller privat (styrelsen)", "Weekly report here (board)"),
    ("installningar", "Rapportens tid, tysta timmar (styrelsen)", "Report time, quiet hours (board)"),
    ("minadata", "Det boten sparar om dig", "What the bot keeps about you"),
    ("lamna", "Lämna boten (det du loggat finns kvar)", "Leave the bot (your counts stay)"),
    ("glom", "Radera en medlems uppgifter: /glom 070-123 45 67", "Erase a member's details"),
    ("logg", "Vem har sett medlemsuppgifter (admin)", "Who saw members' details (admin)"),
    ("bjudin", "Bjud in någon (styrelsen)", "Invite someone (board)"),
    ("sprak", "Språk: /sprak en för engelska", "Language: /language en for English"),
    ("hjalp", "Hjälp", "Help"),
    ("avbryt", "Avbryt det du håller på med", "Cancel what you are doing"),
)


async def set_menu(bot: Bot) -> None:
    await bot.set_my_commands([BotCommand(c, sv) for c, sv, _ in MENU])
    await bot.set_my_commands([BotCommand(c, en) for c, _, en in MENU], language_code="en")
