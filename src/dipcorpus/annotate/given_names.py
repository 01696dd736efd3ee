"""Common given names, written for this project (no source copied): a first name before a
capitalised word marks a person's full name ('Andrew Smith'). Names that are also ordinary English
words or titles ('May', 'Will', 'Grace', 'Bill', 'Major') are left out on purpose."""

from __future__ import annotations

__all__ = ["GIVEN"]

_NAMES = """
Aaron Abdul Abdullah Abdullahi Abel Abraham Adam Adrian Ahmad Ahmed Aisha Alan Albert Alberto Aleksandr
Aleksei Alexander Alexandra Alexei Alexey Alfred Ali Alice Alicia Alison Amanda Amina Amir Amy Ana
Anatoly Anders Andrea Andreas Andrei Andrew Andrey Andrzej Andy Angela Angelo Ann Anna Anne Annette
Anthony Antoine Anton Antonio Antony Arkady Arthur Ashley Ayman Barack Barbara Benjamin Bernard Bertrand
Boris Brian Bruce Bruno Carl Carlos Carmen Caroline Catherine Cecilia Charles Charlotte Chris Christian
Christina Christine Christopher Chuck Claire Claudia Colin Craig Cristina Cyril Dan Daniel Daniela Danielle
Danilo Dante Darren David Deborah Denis Dennis Dmitri Dmitry Dmytro Dominic Donald Doug Douglas Dmitriy
Eduardo Edward Elena Elizabeth Elisabeth Ellen Emily Emma Emmanuel Enrique Eric Erik Ernesto Evgeny
Fatima Felipe Fernando Francesco Francis Francisco Frank Franz Frederick Gabriel Gary Gavin Gennady George
Georgy Gerhard Giorgio Giovanni Giuseppe Gordon Gregory Guillermo Gustavo Hamid Hans Harold Hassan Heather
Heinz Helen Helmut Henry Hillary Hugo Hussein Ian Ibrahim Igor Ilya Irina Isabel Isabelle Ismail Ivan
Jack Jacob Jacques Jaime Jake James Jane Janet Jason Javier Jean Jeff Jeffrey Jennifer Jeremy Jerome
Jessica Jim Joachim Joan Joanna Joe Johann Johannes John Jonathan Jorge Jose José Joseph Joshua Juan Judith
Julia Julian Julie Julien Justin Karen Karl Katherine Kathleen Kenneth Kevin Khalid Konstantin Kurt
Laura Lawrence Leonid Linda Lisa Lloyd Louis Luc Luca Lucas Luis Luiz Manuel Marc Marco Marcus Margaret
Maria María Marie Marina Mario Martin Mary Matteo Matthew Maxim Megan Mehmet Melissa Michael Michel
Michele Michelle Miguel Mikhail Mohamed Mohammad Mohammed Muhammad Nadia Nancy Natalia Natalya Nathan
Nicholas Nicola Nicolas Nicolás Nikita Nikolai Nikolay Olga Oleg Oliver Olivia Omar Oscar Pablo Patricia
Patrick Paul Paula Pavel Pedro Peter Philip Philippe Pierre Rachel Rafael Rahul Raj Raymond Rebecca
Ricardo Richard Robert Roberto Roger Roman Ronald Rosa Ruslan Ryan Salman Samantha Samuel Sandra
Sara Sarah Sean Sebastian Sebastián Sergei Sergey Sergio Silvia Simon Sofia Sophie Stefan Stephan
Stephanie Stephen Steve Steven Susan Sven Tatiana Tatyana Thomas Tim Timothy Tobias Todd Tom Tony Valentina
Valery Vasily Viktor Victor Victoria Vincent Vitaly Vladimir Vladislav Walter William Wolfgang Yaroslav
Yevgeny Yuri Yury Rene René Ben Mike Bob Rob Tony Dave Steve Nick Matt Pat Ted Joe
"""

GIVEN: frozenset[str] = frozenset(_NAMES.split())
